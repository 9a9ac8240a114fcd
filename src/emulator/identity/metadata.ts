/**
 * The OpenID configuration of `tenant` as Entra ID publishes it at `/<tenant>/v2.0/.well-known/openid-configuration`.
 * Like Entra ID, the multi-tenant authorities (`organizations`, `common`) name `{tenantid}` in the issuer.
 */
export function openIdConfiguration(baseUrl: string, tenant: string, tenantId: string): Record<string, unknown> {
  const multiTenant = ["organizations", "common", "consumers"].includes(tenant.toLowerCase());
  const root = `${baseUrl}/${tenant}`;
  return {
    issuer: `${baseUrl}/${multiTenant ? "{tenantid}" : tenantId}/v2.0`,
    authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    token_endpoint: `${root}/oauth2/v2.0/token`,
    device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${root}/oauth2/v2.0/logout`,
    jwks_uri: `${root}/discovery/v2.0/keys`,
    token_endpoint_auth_methods_supported: ["client_secret_post"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["HS256"],
    tenant_region_scope: null,
    cloud_instance_name: "csp-onboard-emulator",
  };
}

/** The instance discovery answer (`/common/discovery/instance`): the emulator host is its own only alias. */
export function instanceDiscovery(baseUrl: string, host: string): Record<string, unknown> {
  return {
    tenant_discovery_endpoint: `${baseUrl}/{tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}
