import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { trails } from "../../../lib/content.ts";

interface Props {
  params: Promise<{ slug: string }>;
}

// Only the trails in the generated list exist; any other slug is a 404 at build and at run time.
export const dynamicParams = false;

export async function generateStaticParams() {
  return (await trails()).map((trail) => ({ slug: trail.slug }));
}

async function trailOf(params: Props["params"]) {
  const { slug } = await params;
  const trail = (await trails()).find((candidate) => candidate.slug === slug);
  if (!trail) notFound();
  return trail;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const trail = await trailOf(params);
  return { title: trail.name, description: trail.summary };
}

export default async function TrailPage({ params }: Props) {
  const trail = await trailOf(params);
  return (
    <article>
      <h1>{trail.name}</h1>
      <p className="region">{trail.region}</p>
      <p>{trail.summary}</p>
    </article>
  );
}
