export const INITIAL_DOMAIN_SUFFIX = ".onmicrosoft.com";

/** Lower-cased `prefix.onmicrosoft.com`; a bare prefix (no dot) gets the suffix. */
export function fullDomain(domain: string): string {
  const d = domain.trim().toLowerCase();
  return d.includes(".") ? d : `${d}${INITIAL_DOMAIN_SUFFIX}`;
}

/** The prefix of an initial domain when it has Microsoft 365's shape (letters and digits, at most 27), else undefined. */
export function initialDomainPrefix(domain: string): string | undefined {
  const d = domain.trim().toLowerCase();
  if (!d.endsWith(INITIAL_DOMAIN_SUFFIX)) return undefined;
  const prefix = d.slice(0, -INITIAL_DOMAIN_SUFFIX.length);
  return /^[a-z0-9]{1,27}$/.test(prefix) ? prefix : undefined;
}
