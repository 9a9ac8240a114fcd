import { createRequire } from "node:module";

// An academic domain is never a free mail provider, whatever the list says (it names columbia.edu, purdue.edu,
// nus.edu.sg and about a hundred more, from students' addresses): these are exactly the education customers' own.
const ACADEMIC = /(?:^|\.)(?:edu|ac|k12|school|sch)(?:\.[a-z]{2})?$/;

let domains: ReadonlySet<string> | undefined;

/**
 * Whether `domain` belongs to a free mail provider (gmail.com, outlook.com, ziggo.nl, ...), by free-email-domains-list.
 * The list (~97,000 domains) is loaded on first use only: most runs have no education customer.
 */
export function isFreeMailDomain(domain: string): boolean {
  if (ACADEMIC.test(domain)) return false;
  domains ??= loadDomains();
  return domains.has(domain);
}

function loadDomains(): ReadonlySet<string> {
  const require = createRequire(import.meta.url);
  const list = require("free-email-domains-list/build/src/constants.js") as { DOMAINS: ReadonlySet<string> };
  return list.DOMAINS;
}
