import type { Metadata } from "next";
import type { ReactNode } from "react";
import { siteDescription } from "../lib/content.ts";
import "./globals.css";

export function generateMetadata(): Metadata {
  return {
    title: { default: "Ridgeline Trails", template: "%s · Ridgeline Trails" },
    description: siteDescription,
  };
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header>
          <a href="/">Ridgeline Trails</a>
        </header>
        <main>{children}</main>
        <footer>Copy, metadata and the trail list were written at build time by chorus-build.</footer>
      </body>
    </html>
  );
}
