#!/usr/bin/env node
// Re-seals every stored own provider key with the current KEY_ENCRYPTION_KEY by
// calling the gateway's `POST /admin/keys/rotate` page by page. The keys never
// leave the Worker; this only drives it. Procedure: docs/storage.md, "Rotating
// KEY_ENCRYPTION_KEY".
//
//   ADMIN_TOKEN=... node scripts/rotate-keys.mjs https://chorus.example.com
//
// Exits 0 once no row needs an old key, 1 if some rows could not be re-sealed.
const base = (process.argv[2] ?? process.env.CHORUS_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
const token = process.env.ADMIN_TOKEN;
if (!token) {
  console.error("rotate-keys: set ADMIN_TOKEN (the gateway's admin bearer token)");
  process.exit(2);
}

let after = null;
let rotated = 0;
let changedMeanwhile = 0;
const failed = [];
let last;
do {
  const response = await fetch(`${base}/admin/keys/rotate`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ after }),
  });
  if (!response.ok) {
    console.error(`rotate-keys: ${response.status} from ${base}/admin/keys/rotate: ${await response.text()}`);
    process.exit(1);
  }
  last = await response.json();
  rotated += last.rotated;
  changedMeanwhile += last.changedMeanwhile;
  failed.push(...last.failed);
  after = last.next;
} while (after);

console.log(`rotate-keys: current version ${last.currentVersion}; re-sealed ${rotated}, replaced by their users meanwhile ${changedMeanwhile}, still on an old version ${last.remaining}`);
for (const row of failed) console.log(`  cannot open ${row.provider} key of ${row.userId} (version ${row.keyVersion}): ${row.reason}`);
process.exit(last.remaining === 0 ? 0 : 1);
