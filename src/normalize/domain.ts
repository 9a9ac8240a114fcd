const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//;
const SUFFIX = ".onmicrosoft.com";
/** The shape of an initial domain prefix: letters and digits, at most 27 (Partner Center's documented limit). */
export const DOMAIN_PREFIX = /^[a-z0-9]{1,27}$/;

/**
 * The `<prefix>` of a customer's `<prefix>.onmicrosoft.com` domain, lower-cased, with a scheme, a trailing dot or slash
 * and the `.onmicrosoft.com` suffix removed ("https://Contoso.onmicrosoft.com." -> "contoso"). Undefined when what is
 * left is not letters and digits, at most 27 of them.
 */
export function normalizeDomain(value: string): string | undefined {
  const prefix = domainPrefixOf(value);
  return DOMAIN_PREFIX.test(prefix) ? prefix : undefined;
}

/** `normalizeDomain` without the shape check: what the value reduces to, for messages. */
export function domainPrefixOf(value: string): string {
  let v = value.toLowerCase().replace(SCHEME, "");
  while (v.endsWith(".") || v.endsWith("/")) v = v.slice(0, -1);
  if (v.endsWith(SUFFIX)) v = v.slice(0, -SUFFIX.length);
  return v;
}
