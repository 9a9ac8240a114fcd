import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { RunError } from "../errors/run-error.js";
import { headerKey } from "../mapping/aliases.js";
import { detectDelimiter } from "../sources/csv/delimiter.js";
import type { OfferCatalogEntry, Reseller } from "../rules/types.js";
import { nameCountryKey } from "../rules/checks/keys.js";
import { normalizeCountry } from "../normalize/country.js";
import { normalizeDomain } from "../normalize/domain.js";

/** Small reference files given by flags: read whole (they hold hundreds of lines, not the customer file). */
async function readTable(path: string, what: string): Promise<Record<string, string>[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunError("DATA_FILE_INVALID", `cannot read the ${what} file: ${reason}`, { file: path });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    const rows = parse<Record<string, string>>(text, {
      delimiter: detectDelimiter(text.slice(0, 64 * 1024)),
      columns: (header: string[]) => header.map(headerKey),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
    return rows;
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunError("DATA_FILE_INVALID", `the ${what} file is not a readable CSV: ${reason}`, { file: path });
  }
}

function pick(row: Record<string, string>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = row[k];
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}

const TRUE_WORDS = new Set(["yes", "y", "true", "1", "ja", "j", "signed", "x", "active"]);

/** `--resellers`: PartnerID, tenant ID and MPA status per indirect reseller; looked up by either ID. */
export async function loadResellers(path: string): Promise<Map<string, Reseller>> {
  const rows = await readTable(path, "resellers");
  const out = new Map<string, Reseller>();
  rows.forEach((row, i) => {
    const partnerId = pick(row, ["partnerid", "mpnid", "resellerid", "id"]);
    const tenantId = pick(row, ["tenantid", "resellertenantid", "tenant"]);
    const mpa = pick(row, ["mpasigned", "mpa", "mpastatus", "isagreementsigned", "agreementsigned"]);
    if (partnerId === undefined || tenantId === undefined) {
      throw new RunError("DATA_FILE_INVALID", "expected columns PartnerID, TenantID and MPA signed", {
        file: path,
        line: i + 2,
      });
    }
    const reseller: Reseller = {
      partnerId,
      tenantId: tenantId.toLowerCase(),
      mpaSigned: TRUE_WORDS.has((mpa ?? "").toLowerCase()),
    };
    const name = pick(row, ["name", "resellername", "companyname"]);
    if (name !== undefined) reseller.name = name;
    out.set(partnerId, reseller);
    out.set(reseller.tenantId, reseller);
  });
  return out;
}

/** `--existing`: an export of the partner's current customers (domain, company name, country). */
export async function loadExistingCustomers(path: string): Promise<{ domains: Set<string>; names: Set<string> }> {
  const rows = await readTable(path, "existing customers");
  const domains = new Set<string>();
  const names = new Set<string>();
  for (const row of rows) {
    const domain = pick(row, ["domain", "domainprefix", "tenantdomain", "primarydomain", "domein"]);
    if (domain !== undefined) {
      const d = normalizeDomain(domain);
      if (d !== undefined) domains.add(d);
    }
    const name = pick(row, ["companyname", "name", "legalname", "bedrijfsnaam", "customername"]);
    const countryText = pick(row, ["country", "land", "countrycode"]);
    const country = countryText !== undefined ? normalizeCountry(countryText) : undefined;
    if (name !== undefined && country !== undefined) names.add(nameCountryKey(name, country));
  }
  return { domains, names };
}

/** `--offers-catalog`: offers with their quantity limits (`offer` as PRODUCT:SKU, or productId + skuId). */
export async function loadOffersCatalog(path: string): Promise<Map<string, OfferCatalogEntry>> {
  const rows = await readTable(path, "offers catalog");
  const out = new Map<string, OfferCatalogEntry>();
  rows.forEach((row, i) => {
    let productId = pick(row, ["productid", "product"]);
    let skuId = pick(row, ["skuid", "sku"]);
    const offer = pick(row, ["offer", "offerid", "catalogitemid"]);
    if (offer !== undefined) [productId, skuId] = offer.split(":");
    if (productId === undefined || skuId === undefined) {
      throw new RunError("DATA_FILE_INVALID", "expected an Offer column (PRODUCT:SKU) or ProductId and SkuId", {
        file: path,
        line: i + 2,
      });
    }
    const entry: OfferCatalogEntry = { productId: productId.toUpperCase(), skuId: skuId.toUpperCase() };
    const min = pick(row, ["minquantity", "min"]);
    const max = pick(row, ["maxquantity", "max"]);
    const name = pick(row, ["name", "title", "offername"]);
    if (min !== undefined && /^\d+$/.test(min)) entry.minQuantity = Number(min);
    if (max !== undefined && /^\d+$/.test(max)) entry.maxQuantity = Number(max);
    if (name !== undefined) entry.name = name;
    out.set(`${entry.productId}:${entry.skuId}`, entry);
  });
  return out;
}
