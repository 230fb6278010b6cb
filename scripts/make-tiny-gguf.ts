/**
 * Writes a seeded random llama GGUF for tests and benches:
 *   npx tsx scripts/make-tiny-gguf.ts out.gguf [--params 100M | --shape tiny|smollm2] [--type q8_0|f16|f32]
 *     [--seed N] [--eos banned|allowed]
 * Defaults: the ~165K-parameter tiny shape, F16, seed 1, <|im_end|> banned.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { makeTinyGguf, type TinyWeightType } from "../tests/fixtures/models/tiny-gguf";
import {
  parameterCount,
  parseParameterCount,
  shapeForParameters,
  SMOLLM2_LIKE_SHAPE,
  TINY_SHAPE,
  type TinyModelShape,
} from "../tests/fixtures/models/tiny-shape";

const usage =
  "usage: make-tiny-gguf <out.gguf> [--params 165K|100M|...] [--shape tiny|smollm2] [--type q8_0|f16|f32] " +
  "[--seed N] [--eos banned|allowed]";

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function pickShape(params: string | undefined, shape: string | undefined): TinyModelShape {
  if (params !== undefined && shape !== undefined) fail("give --params or --shape, not both");
  if (shape === "tiny" || shape === undefined) return params === undefined ? TINY_SHAPE : shapeForParameters(parseParameterCount(params));
  if (shape === "smollm2") return SMOLLM2_LIKE_SHAPE;
  return fail(`unknown shape ${shape}`);
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      params: { type: "string" },
      shape: { type: "string" },
      type: { type: "string", default: "f16" },
      seed: { type: "string", default: "1" },
      eos: { type: "string", default: "banned" },
    },
  });
  const out = positionals[0];
  if (out === undefined || positionals.length > 1) fail("give exactly one output path");
  const type = values.type;
  if (type !== "q8_0" && type !== "f16" && type !== "f32") fail(`unknown type ${type}`);
  const eos = values.eos;
  if (eos !== "banned" && eos !== "allowed") fail(`unknown eos mode ${eos}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) fail(`seed must be an integer, got ${values.seed}`);

  let shape: TinyModelShape;
  try {
    shape = pickShape(values.params, values.shape);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const started = performance.now();
  const bytes = makeTinyGguf({ shape, type: type satisfies TinyWeightType, seed, eos });
  writeFileSync(out, bytes);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `${out}: ${parameterCount(shape).toLocaleString("en")} parameters, ${shape.layers} layers x ${shape.embedding} wide, ` +
      `${type}, ${bytes.length.toLocaleString("en")} bytes in ${seconds} s\n`,
  );
}

main();
