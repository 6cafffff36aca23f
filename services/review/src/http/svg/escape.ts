/**
 * Text for XML and HTML, text content and quoted attributes alike: the five characters that could end a text or
 * an attribute, or open markup, as entities. Every value a chart shows passes through here (titles and notes are
 * anyone's words).
 */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A number as an SVG coordinate: two decimals at most, no `-0`, so the markup stays short and stable for tests. */
export const num = (value: number): string => {
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
};

/** Attributes from a record, each value escaped; `undefined` leaves the attribute out. */
export function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`)
    .join('');
}
