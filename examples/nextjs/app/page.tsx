import Link from "next/link";
import { copy, trails } from "../lib/content.ts";

export default async function HomePage() {
  const [intro, list] = await Promise.all([copy("home-intro"), trails()]);
  return (
    <>
      <h1>Walks worth the early start</h1>
      <section className="intro">
        {intro.trim().split(/\n{2,}/).map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
      </section>
      <h2>Trails</h2>
      <ul className="trail-list">
        {list.map((trail) => (
          <li key={trail.slug}>
            <Link href={`/trails/${trail.slug}`}>{trail.name}</Link> ({trail.region})
          </li>
        ))}
      </ul>
    </>
  );
}
