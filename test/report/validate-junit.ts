import { readFileSync } from "node:fs";
import { validateXML } from "xmllint-wasm";

const XSD = readFileSync(new URL("../fixtures/junit.xsd", import.meta.url), "utf8");

/** libxml2's schema validation (compiled to WebAssembly): the list of errors, empty when valid. */
export async function validateJunit(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: "report.junit.xml", contents: xml }],
    schema: [{ fileName: "junit.xsd", contents: XSD }],
  });
  return result.errors.map((e) => e.message);
}
