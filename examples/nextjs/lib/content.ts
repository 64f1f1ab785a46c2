import { loadLLMFragment } from "@chorus/build";

export interface Trail {
  slug: string;
  name: string;
  region: string;
  summary: string;
}

// Read once, when the module loads, before any page renders. A component that awaits the disk while React streams
// its payload changes where the payload's chunks break from build to build; with the content at hand, every build
// writes the same HTML and RSC bytes.
const [intro, description, trailList] = await Promise.all([
  loadLLMFragment<string>("home-intro"),
  loadLLMFragment<string>("site-description"),
  // A json task: its answer matched the task's schema before it was accepted.
  loadLLMFragment<{ trails: Trail[] }>("trails"),
]);

/** The home page's opening copy, as paragraphs. */
export const homeIntro: string[] = intro.content.trim().split(/\n{2,}/);

/** The site's meta description. */
export const siteDescription: string = description.content;

export const trails: Trail[] = trailList.content.trails;
