import { describe, expect, it } from "vitest";
import { emailDomain, normalizeEmail } from "../../src/normalize/email.js";

describe("normalizeEmail", () => {
  it.each([
    ["jan@kpn.com", "jan@kpn.com"],
    ["Jan.de.Vries@KPN.COM", "Jan.de.Vries@kpn.com"],
    ["mailto:info@example.nl", "info@example.nl"],
    ["a+b@sub.example.co.uk", "a+b@sub.example.co.uk"],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ["info@müller.de", "info@müller.de"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it.each([
    ["jan"],
    ["jan@"],
    ["@kpn.com"],
    ["jan@kpn"],
    ["jan@@kpn.com"],
    ["jan de vries@kpn.com"],
    ["jan..vries@kpn.com"],
    [".jan@kpn.com"],
    ["jan@kpn..com"],
    ["jan@-kpn.com"],
    ["a@b.c"],
    ["jan@kpn.com; piet@kpn.com"],
  ])("%s -> undefined", (input) => {
    expect(normalizeEmail(input)).toBeUndefined();
  });

  it("gives the domain part", () => {
    expect(emailDomain("jan@kpn.com")).toBe("kpn.com");
  });
});
