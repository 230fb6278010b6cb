/** Sizes as people read them: decimal units, as model hosts list them ("386 MB", "1.3 GB"). */

const UNITS = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"] as const;

/** `bytes` in the largest unit that keeps the number at 1 or more, e.g. "1.3 GB"; `locale` picks the separators. */
export function formatBytes(bytes: number, locale = "en"): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: UNITS[unit],
    // "0 bytes" reads better than "0 byte"; "386 MB" better than "386 megabytes".
    unitDisplay: unit === 0 ? "long" : "short",
    maximumFractionDigits: digits,
  }).format(value);
}
