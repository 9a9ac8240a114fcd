import { foldName } from "./fold.js";

const SEGMENTS: ReadonlyMap<string, string> = new Map([
  ["k12", "K12"],
  ["k 12", "K12"],
  ["primary and secondary", "K12"],
  ["primair en voortgezet onderwijs", "K12"],
  ["highereducation", "HigherEducation"],
  ["higher education", "HigherEducation"],
  ["higher ed", "HigherEducation"],
  ["hoger onderwijs", "HigherEducation"],
]);
const SCHEME = /^https?:\/\//i;
const HOST = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}$/u;

/** An education segment as Partner Center names it, K12 or HigherEducation ("K-12", "Higher Education"). */
export function normalizeEducationSegment(value: string): string | undefined {
  return SEGMENTS.get(foldName(value));
}

/**
 * A website as an https URL with a lower-case host ("www.UvA.nl" -> "https://www.uva.nl"); undefined when the value
 * has no host name with a top-level domain.
 */
export function normalizeWebsite(value: string): string | undefined {
  const withScheme = SCHEME.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch (error: unknown) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
  if (!HOST.test(url.hostname) || url.username !== "" || url.password !== "") return undefined;
  const path = url.pathname === "/" && !withScheme.endsWith("/") ? "" : url.pathname;
  return `${url.protocol}//${url.host}${path}${url.search}${url.hash}`;
}
