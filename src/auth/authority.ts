import { RunError } from "../errors/run-error.js";

/** Microsoft's identity platform (Entra ID), the authority of real Partner Center sign-ins. */
export const DEFAULT_AUTHORITY = "https://login.microsoftonline.com";
/** Any work account's home tenant: the device code flow finds the user's tenant from the sign-in. */
export const DEFAULT_USER_TENANT = "organizations";
/** App+User: the delegated permission Partner Center's app registration exposes. */
export const PARTNER_CENTER_USER_SCOPE = "https://api.partnercenter.microsoft.com/user_impersonation";
/** App-only: every application permission granted to the app for Partner Center. */
export const PARTNER_CENTER_APP_SCOPE = "https://api.partnercenter.microsoft.com/.default";

const MULTI_TENANT = new Set(["organizations", "common", "consumers"]);

/**
 * The msal authority for `tenant` at `base` (`https://login.microsoftonline.com` + `contoso.onmicrosoft.com`).
 * Throws a usage error for a base that is not an https URL without query, or a tenant that is not a name or GUID.
 */
export function authorityUrl(base: string, tenant: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new RunError("USAGE", `--authority '${base}' is not a URL (expected e.g. ${DEFAULT_AUTHORITY})`);
  }
  if (url.protocol !== "https:" || url.search !== "" || url.hash !== "") {
    throw new RunError("USAGE", `--authority '${base}' must be an https URL without query (e.g. ${DEFAULT_AUTHORITY})`);
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(tenant)) {
    throw new RunError(
      "USAGE",
      `--tenant '${tenant}' is neither a tenant ID nor a domain such as contoso.onmicrosoft.com`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}/${tenant}`;
}

/** Whether `tenant` names no tenant in particular (client credentials need a real one). */
export function isMultiTenant(tenant: string): boolean {
  return MULTI_TENANT.has(tenant.toLowerCase());
}

/** `host[:port]` of an authority URL, as msal's `knownAuthorities` and account `environment` spell it. */
export function authorityHost(authority: string): string {
  return new URL(authority).host.toLowerCase();
}
