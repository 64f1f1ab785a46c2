#!/usr/bin/env node
// The CLI's sources are TypeScript, run by Node's type stripping (Node >= 22.18); `npm run chorus-build` provides that Node.
const { runCli } = await import("../src/cli.ts");
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
