/**
 * Where a JSON text first goes wrong, as line and column (1-based), for an error message that
 * names the place without quoting the text (JSON.parse's own messages quote it, and a report,
 * a baseline or an aggregates file may hold anything). Null when the text is valid JSON.
 */
export function jsonSyntaxError(
  text: string,
): { line: number; column: number; problem: "unexpected end" | "unexpected character" } | null {
  let at = 0;
  const fail = (): never => {
    throw at >= text.length ? END : CHARACTER;
  };
  const space = () => {
    while (at < text.length && " \t\n\r".includes(text[at] as string)) at++;
  };
  const literal = (word: string) => {
    for (const c of word) {
      if (text[at] !== c) fail();
      at++;
    }
  };
  const string = () => {
    at++; // the opening quote
    while (true) {
      if (at >= text.length) fail();
      const c = text.charCodeAt(at);
      if (c === 0x22) {
        at++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 0x5c) {
        at++;
        const e = text[at];
        if (e === "u") {
          at++;
          for (let k = 0; k < 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[at] ?? "")) fail();
            at++;
          }
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail();
      }
      at++;
    }
  };
  const digits = () => {
    const start = at;
    while (at < text.length && /[0-9]/.test(text[at] as string)) at++;
    if (at === start) fail();
  };
  const number = () => {
    if (text[at] === "-") at++;
    if (text[at] === "0") at++;
    else digits();
    if (text[at] === ".") {
      at++;
      digits();
    }
    if (text[at] === "e" || text[at] === "E") {
      at++;
      if (text[at] === "+" || text[at] === "-") at++;
      digits();
    }
  };
  const value = (depth: number): void => {
    if (depth > 10_000) fail();
    space();
    const c = text[at];
    if (c === "{") {
      at++;
      space();
      if (text[at] === "}") {
        at++;
        return;
      }
      while (true) {
        space();
        if (text[at] !== '"') fail();
        string();
        space();
        if (text[at] !== ":") fail();
        at++;
        value(depth + 1);
        space();
        if (text[at] === ",") {
          at++;
          continue;
        }
        if (text[at] === "}") {
          at++;
          return;
        }
        fail();
      }
    }
    if (c === "[") {
      at++;
      space();
      if (text[at] === "]") {
        at++;
        return;
      }
      while (true) {
        value(depth + 1);
        space();
        if (text[at] === ",") {
          at++;
          continue;
        }
        if (text[at] === "]") {
          at++;
          return;
        }
        fail();
      }
    }
    if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) number();
    else fail();
  };
  try {
    value(0);
    space();
    if (at < text.length) fail();
    return null;
  } catch (error) {
    if (error !== END && error !== CHARACTER) throw error;
    const before = text.slice(0, at);
    const line = before.split("\n").length;
    const column = at - (before.lastIndexOf("\n") + 1) + 1;
    return { line, column, problem: error === END ? "unexpected end" : "unexpected character" };
  }
}

const END = Symbol("end");
const CHARACTER = Symbol("character");
