const MAILTO = /^mailto:/i;
// RFC 5322 dot-atom local part (ASCII: Partner Center and most mail systems take no other), at most 64 characters.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
// Host names of letters (IDN too), digits and inner hyphens, with a top-level domain of at least two letters.
const DOMAIN = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,63}$/u;
// The same for a lower-case ASCII domain (nearly all of them), without the cost of Unicode classes.
const ASCII_DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * An e-mail address with its domain part lower-cased ("Jan@KPN.com" -> "Jan@kpn.com"; a "mailto:" prefix dropped).
 * Undefined when the value is not one address of the shape name@domain.tld.
 */
export function normalizeEmail(value: string): string | undefined {
  const first = value.charCodeAt(0);
  const v = (first === 0x6d || first === 0x4d) && MAILTO.test(value) ? value.slice(7) : value;
  const at = v.lastIndexOf("@");
  if (at < 1 || at > 64 || v.length > 254) return undefined;
  const local = v.slice(0, at);
  const domain = v.slice(at + 1).toLowerCase();
  if (!LOCAL.test(local) || !(ASCII_DOMAIN.test(domain) || DOMAIN.test(domain))) return undefined;
  return `${local}@${domain}`;
}

/** The domain part of a normalized e-mail address. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}
