// How the bench tables write a figure: about three significant digits, the unit after
// it, and the 25th–75th percentile spread in brackets when it was measured.

function digitsFor(value: number): number {
  return value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;
}

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  return `${value.toFixed(digitsFor(value))} ${unit}`;
}

export function withSpread(value: number | null, spread: readonly [number, number] | undefined, unit: string): string {
  if (value === null) return '—';
  if (!spread) return formatValue(value, unit);
  const digits = digitsFor(value);
  return `${formatValue(value, unit)} (${spread[0].toFixed(digits)}–${spread[1].toFixed(digits)})`;
}
