import Link from "next/link";
import { homeIntro, trails } from "../lib/content.ts";

export default function HomePage() {
  return (
    <>
      <h1>Walks worth the early start</h1>
      <section className="intro">
        {homeIntro.map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
      </section>
      <h2>Trails</h2>
      <ul className="trail-list">
        {trails.map((trail) => (
          <li key={trail.slug}>
            <Link href={`/trails/${trail.slug}`}>{trail.name}</Link> ({trail.region})
          </li>
        ))}
      </ul>
    </>
  );
}
