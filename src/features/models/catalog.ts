/**
 * The curated model catalog, as data. Every URL is pinned to a Hugging Face commit, so the bytes behind it cannot
 * change under the published checksum. Sizes are as the host lists them ("386 MB"): the server's Content-Length is the
 * exact one, and the sha256 (where known) is what decides.
 *
 * Where no sha256 is listed (null), Hearth asks the host for the file's LFS checksum before downloading and checks
 * against that; if the host gives none, only the size is checked, and the UI says so.
 */

/** One GGUF file of a model (a model split into shards has several, in order). */
export interface CatalogFile {
  url: string;
  /** Size as published, in bytes; used for consent, the quota check and a sanity check of the server's length. */
  approxBytes: number;
  /** Lower-case hex sha256 published by the host for this commit, or null where Hearth could not confirm one. */
  sha256: string | null;
}

/** How demanding a model is for the CPU path (wllama runs single-threaded in an extension: no cross-origin isolation). */
export type SpeedTier = "small" | "medium" | "large";

export interface CatalogModel {
  id: string;
  name: string;
  /** Parameter count as the model's authors state it. */
  parameters: string;
  quantization: "Q8_0" | "Q4_0" | "Q4_K_M";
  backend: "wllama";
  files: CatalogFile[];
  /** The same model as a web-llm prebuilt (WebGPU), or null when web-llm has none. */
  webllmId: string | null;
  /** Memory needed to run it with a 4K context (weights + KV cache + runtime), in bytes. */
  ramBytes: number;
  /** Context length the model was trained for, in tokens. */
  contextLength: number;
  /** Languages the authors list as supported (BCP 47 codes). */
  languages: string[];
  license: { name: string; url: string };
  tier: SpeedTier;
  /** Higher is better output; used to pick the best model that fits. */
  quality: number;
}

const MB = 1_000_000;
const GB = 1_000_000_000;
const hf = (repo: string, commit: string, file: string) => `https://huggingface.co/${repo}/resolve/${commit}/${file}`;

const QWEN_LANGUAGES = ["en", "zh", "fr", "es", "pt", "de", "it", "ru", "ja", "ko", "vi", "th", "ar"];
const LLAMA_LANGUAGES = ["en", "de", "fr", "it", "pt", "hi", "es", "th"];
const apache = { name: "Apache-2.0", url: "https://www.apache.org/licenses/LICENSE-2.0" };
const llama32 = { name: "Llama 3.2 Community License", url: "https://www.llama.com/llama3_2/license/" };

/** The models Hearth offers, smallest first. */
export const CATALOG: readonly CatalogModel[] = [
  {
    id: "smollm2-360m-instruct-q8_0",
    name: "SmolLM2 360M Instruct",
    parameters: "360M",
    quantization: "Q8_0",
    backend: "wllama",
    files: [
      {
        url: hf("bartowski/SmolLM2-360M-Instruct-GGUF", "617c6f7a3265cd6251e7b846bd3962594035a512", "SmolLM2-360M-Instruct-Q8_0.gguf"),
        approxBytes: 386 * MB,
        sha256: "c004ac34cce45e03e4452bca472535bc371fcb0d07ae560bba2c57ce4a284b7b",
      },
    ],
    webllmId: "SmolLM2-360M-Instruct-q4f16_1-MLC",
    ramBytes: 0.7 * GB,
    contextLength: 8192,
    languages: ["en"],
    license: apache,
    tier: "small",
    quality: 1,
  },
  {
    id: "qwen2.5-0.5b-instruct-q8_0",
    name: "Qwen2.5 0.5B Instruct",
    parameters: "0.5B",
    quantization: "Q8_0",
    backend: "wllama",
    files: [
      {
        url: hf("Qwen/Qwen2.5-0.5B-Instruct-GGUF", "1582e3f6bea2e0ff446796639c35cc44175afb2e", "qwen2.5-0.5b-instruct-q8_0.gguf"),
        approxBytes: 676 * MB,
        sha256: "ca59ca7f13d0e15a8cfa77bd17e65d24f6844b554a7b6c12e07a5f89ff76844e",
      },
    ],
    webllmId: "Qwen2.5-0.5B-Instruct-q4f16_1-MLC",
    ramBytes: 1.0 * GB,
    contextLength: 32768,
    languages: QWEN_LANGUAGES,
    license: apache,
    tier: "small",
    quality: 2,
  },
  {
    id: "llama-3.2-1b-instruct-q4_k_m",
    name: "Llama 3.2 1B Instruct",
    parameters: "1.2B",
    quantization: "Q4_K_M",
    backend: "wllama",
    files: [
      {
        url: hf("bartowski/Llama-3.2-1B-Instruct-GGUF", "d52af3776f99ddf220e5ffd3f93b2a4e4df105be", "Llama-3.2-1B-Instruct-Q4_K_M.gguf"),
        approxBytes: 808 * MB,
        sha256: "6f85a640a97cf2bf5b8e764087b1e83da0fdb51d7c9fab7d0fece9385611df83",
      },
    ],
    webllmId: "Llama-3.2-1B-Instruct-q4f16_1-MLC",
    ramBytes: 1.3 * GB,
    contextLength: 131072,
    languages: LLAMA_LANGUAGES,
    license: llama32,
    tier: "medium",
    quality: 3,
  },
  {
    id: "gemma-3-1b-it-q4_k_m",
    name: "Gemma 3 1B IT",
    parameters: "1B",
    quantization: "Q4_K_M",
    backend: "wllama",
    files: [
      // No published checksum could be confirmed for this file: Hearth checks the host's LFS sha256, else the size.
      { url: hf("lmstudio-community/gemma-3-1b-it-GGUF", "main", "gemma-3-1b-it-Q4_K_M.gguf"), approxBytes: 806 * MB, sha256: null },
    ],
    webllmId: "gemma3-1b-it-q4f16_1-MLC",
    ramBytes: 1.3 * GB,
    contextLength: 32768,
    languages: ["en", "de", "fr", "es", "it", "pt", "ja", "ko", "zh", "ar", "hi", "ru"],
    license: { name: "Gemma Terms of Use", url: "https://ai.google.dev/gemma/terms" },
    tier: "medium",
    quality: 3.5,
  },
  {
    id: "llama-3.2-1b-instruct-q8_0",
    name: "Llama 3.2 1B Instruct",
    parameters: "1.2B",
    quantization: "Q8_0",
    backend: "wllama",
    files: [
      {
        url: hf("bartowski/Llama-3.2-1B-Instruct-GGUF", "4472c06b5ae519c96d36ebebb25f9578d6b66a49", "Llama-3.2-1B-Instruct-Q8_0.gguf"),
        approxBytes: 1320 * MB,
        sha256: "432f310a77f4650a88d0fd59ecdd7cebed8d684bafea53cbff0473542964f0c3",
      },
    ],
    webllmId: "Llama-3.2-1B-Instruct-q4f16_1-MLC",
    ramBytes: 1.8 * GB,
    contextLength: 131072,
    languages: LLAMA_LANGUAGES,
    license: llama32,
    tier: "medium",
    quality: 4,
  },
  {
    id: "qwen2.5-1.5b-instruct-q4_k_m",
    name: "Qwen2.5 1.5B Instruct",
    parameters: "1.5B",
    quantization: "Q4_K_M",
    backend: "wllama",
    files: [
      {
        url: hf("bartowski/Qwen2.5-1.5B-Instruct-GGUF", "85553858e3522ce5b531285b2202bdb40fab1624", "Qwen2.5-1.5B-Instruct-Q4_K_M.gguf"),
        approxBytes: 986 * MB,
        sha256: "50961d9b7d3b89e46be230528fc66d38bbdda8ac3748323dd34f129a714124fc",
      },
    ],
    webllmId: "Qwen2.5-1.5B-Instruct-q4f16_1-MLC",
    ramBytes: 1.6 * GB,
    contextLength: 32768,
    languages: QWEN_LANGUAGES,
    license: apache,
    tier: "large",
    quality: 5,
  },
  {
    id: "qwen2.5-1.5b-instruct-q8_0",
    name: "Qwen2.5 1.5B Instruct",
    parameters: "1.5B",
    quantization: "Q8_0",
    backend: "wllama",
    files: [
      {
        url: hf("Qwen/Qwen2.5-1.5B-Instruct-GGUF", "91cad51170dc346986eccefdc2dd33a9da36ead9", "qwen2.5-1.5b-instruct-q8_0.gguf"),
        approxBytes: 1890 * MB,
        sha256: "d7efb072e7724d25048a4fda0a3e10b04bdef5d06b1403a1c93bd9f1240a63c8",
      },
    ],
    webllmId: "Qwen2.5-1.5B-Instruct-q4f16_1-MLC",
    ramBytes: 2.4 * GB,
    contextLength: 32768,
    languages: QWEN_LANGUAGES,
    license: apache,
    tier: "large",
    quality: 6,
  },
];

/** The catalog entry with `id`, or null. */
export function catalogModel(id: string, catalog: readonly CatalogModel[] = CATALOG): CatalogModel | null {
  return catalog.find((model) => model.id === id) ?? null;
}

/** Total published size of a model's files, in bytes. */
export function catalogBytes(model: Pick<CatalogModel, "files">): number {
  return model.files.reduce((sum, file) => sum + file.approxBytes, 0);
}
