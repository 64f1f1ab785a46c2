import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { trails, type Trail } from "../../../lib/content.ts";

interface Props {
  params: Promise<{ slug: string }>;
}

// Only the trails of the generated list exist; any other slug is a 404.
export const dynamicParams = false;

export function generateStaticParams(): { slug: string }[] {
  return trails.map((trail) => ({ slug: trail.slug }));
}

async function trailOf(params: Props["params"]): Promise<Trail> {
  const { slug } = await params;
  return trails.find((trail) => trail.slug === slug) ?? notFound();
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
