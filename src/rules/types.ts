import type { Field, RawRow } from "../model/fields.js";
import type { CustomerRecord } from "../model/record.js";
import type { SourcePosition, SourceProblem } from "../model/source.js";
import type { KeyIndex } from "../util/key-index.js";
import type { DateOrder } from "../normalize/date.js";

export type Severity = "error" | "warning";
export type PartnerType = "direct" | "indirect-provider" | "indirect-reseller";

/** What a rule sees of one row: the cell texts as read and the normalized record. */
export interface RuleRow {
  /** 1-based data row number within the file. */
  row: number;
  /** Where the row is in the file (line or sheet row), for messages that point at another row. */
  at?: SourcePosition;
  raw: RawRow;
  record: CustomerRecord;
  /** Problems the reader found (ragged record, Excel error cell). */
  problems: readonly SourceProblem[];
  /** Original header per column index, to name a column a reader problem concerns. */
  headers: readonly string[];
  /** The field each column maps to (undefined: none), to tell a problem in a used column from one in an unused one. */
  fieldOf?: readonly (Field | undefined)[];
}

/** A rule's finding; the engine adds code, severity, column header and original value. */
export interface Finding {
  field?: Field;
  message: string;
  /** Overrides the raw value shown in the reports (e.g. a cell of an unmapped column). */
  value?: string;
  /** Overrides the column header shown in the reports. */
  column?: string;
}

/** A reseller from the registry (`--resellers`, or the API during import). */
export interface Reseller {
  partnerId: string;
  tenantId: string;
  mpaSigned: boolean;
  name?: string;
}

export interface OfferCatalogEntry {
  productId: string;
  skuId: string;
  minQuantity?: number;
  maxQuantity?: number;
  name?: string;
}

/** Lookups and run settings the rules read; built once per run (see run/context.ts). */
export interface RuleContext {
  partnerType: PartnerType;
  /** The partner's own e-mail domains, lower case. */
  partnerDomains: ReadonlySet<string>;
  /** Today's date as YYYY-MM-DD (UTC), for "not in the future" checks. */
  today: string;
  /** Resellers by PartnerID and by tenant ID (lower case); undefined when no registry was given. */
  resellers?: ReadonlyMap<string, Reseller>;
  /** Domains prefixes of existing customers (lower case); undefined when not given. */
  existingDomains?: ReadonlySet<string>;
  /** "legal name|country" keys of existing customers (see rules/keys.ts); undefined when not given. */
  existingNames?: ReadonlySet<string>;
  /** Offer catalogue by `PRODUCT:SKU` (upper case); undefined when not given. */
  offersCatalog?: ReadonlyMap<string, OfferCatalogEntry>;
  /** How numeric dates are read, when the run says so (unset: day first, and a guess where both readings are dates). */
  dateOrder?: DateOrder;
  /** The run confirms both partner attestations (acting as indirect/direct partner; no affiliate resale). */
  attested?: boolean;
  /** Cross-row indexes of this run; they grow by one compact entry per row. */
  seen: {
    domains: KeyIndex;
    externalIds: KeyIndex;
    nameCountry: KeyIndex;
  };
}

/** Which rows a rule applies to: new customers, relationship rows (a `customer_tenant_id`), or both. */
export type RuleScope = "customer" | "relationship" | "both";

export interface Rule {
  /** Stable code, shown in every report. Never renamed once released. */
  code: string;
  severity: Severity;
  fields: readonly Field[];
  /** One line: what the rule checks. */
  title: string;
  /** Where the rule comes from (Partner Center how-to consideration, API error code, input contract). */
  source: string;
  scope: RuleScope;
  /** When it finds something, the row is not checked further (its other findings would only be noise). */
  final?: boolean;
  check(row: RuleRow, ctx: RuleContext): Finding[] | Finding | undefined;
}

/** A finding as reported: what a rule found, with its code, effective severity, column and value. */
export interface Issue {
  code: string;
  severity: Severity;
  field?: Field;
  column?: string;
  message: string;
  value?: string;
}
