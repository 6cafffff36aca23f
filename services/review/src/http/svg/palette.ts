/**
 * Colours as presentation attributes (no `style` attribute, which a strict CSP would block): mid tones that read on a
 * light and on a dark page. Text, axes and grid use `currentColor`, so they follow the page's colour scheme.
 */
export const SERIES_COLOURS = ['#2f81f7', '#e5534b', '#3fb950', '#d29922', '#a371f7', '#db61a2', '#39c5cf', '#8b949e'] as const;

export const colourOf = (index: number): string => SERIES_COLOURS[index % SERIES_COLOURS.length];
