import { barChart, durationLabel, durationTicks, escapeXml, lineChart, linearScale, niceTicks, swimlanes, timeLabel, timeTicks } from './index';

/** Every opened element is closed, in order (what an XML parser would first complain about), and no raw `<` or `&` in text. */
function wellFormed(markup: string): boolean {
  const stack: string[] = [];
  for (const [, closing, name, selfClosing] of markup.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^<>]*?(\/?)>/g)) {
    if (closing) {
      if (stack.pop() !== name) return false;
    } else if (!selfClosing) stack.push(name);
  }
  const text = markup.replace(/<[^<>]*>/g, '');
  return stack.length === 0 && !/[<>]/.test(text) && !/&(?!(amp|lt|gt|quot|#39);)/.test(text);
}

const T0 = Date.parse('2026-03-03T09:00:00.000Z');

describe('svg: scales and ticks', () => {
  it('maps a domain onto a range linearly, an empty domain to the middle', () => {
    const x = linearScale([0, 10], [100, 200]);
    expect([x(0), x(5), x(10)]).toEqual([100, 150, 200]);
    expect(linearScale([0, 10], [200, 0])(2.5)).toBe(150);
    expect(linearScale([3, 3], [0, 100])(3)).toBe(50);
  });

  it('ticks values at round numbers from 0 to at least the largest', () => {
    expect(niceTicks(0, 345)).toEqual([0, 100, 200, 300, 400]);
    expect(niceTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 7, 4)).toEqual([0, 2, 4, 6, 8]);
  });

  it('ticks durations on whole steps of the clock', () => {
    expect(durationTicks(345)).toEqual([0, 120, 240, 360]);
    expect(durationTicks(2700)).toEqual([0, 600, 1200, 1800, 2400, 3000]);
    expect(durationTicks(0)).toEqual([0, 1]);
  });

  it('ticks time on whole minutes, hours… in UTC, within the span', () => {
    expect(timeTicks(T0 - 90_000, T0 + 2_700_000, 8).map((t) => timeLabel(t))).toEqual(['09:00', '09:10', '09:20', '09:30', '09:40']);
    expect(timeTicks(T0 + 10_000, T0 + 50_000, 3).map((t) => timeLabel(t))).toEqual(['09:00:15', '09:00:30', '09:00:45']);
    expect(timeLabel(T0, true)).toBe('03-03 09:00');
  });

  it('writes durations short', () => {
    expect([45, 345, 600, 3720, 7200, 93_600, 86_400].map(durationLabel)).toEqual(['45s', '5m 45s', '10m', '1h 2m', '2h', '1d 2h', '1d']);
  });

  it('escapes the characters that end a text or an attribute', () => {
    expect(escapeXml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;');
  });
});

describe('svg: swimlanes', () => {
  const chart = swimlanes({
    id: 'timeline',
    title: 'Timeline of <b>incident</b>',
    lanes: ['detection', 'coordination', 'review'],
    marks: [
      { lane: 'detection', at: T0, title: 'IncidentDetected', href: '#event-a' },
      { lane: 'detection', at: T0 + 1, title: 'AlertFired', href: '#event-b' },
      { lane: 'coordination', at: T0 + 345_000, title: 'IncidentAcknowledged by bob', href: '#event-c' },
      { lane: 'review', at: T0 + 400_000, title: 'Note: <script>alert(1)</script>', href: '#event-d' },
      { lane: 'elsewhere', at: T0, title: 'of no lane', href: '#event-e' },
    ],
    phases: [
      { label: 'Detected', at: T0, title: 'Detected at 09:00', href: '#event-a' },
      { label: 'Acknowledged', at: T0 + 345_000, title: 'Acknowledged after 5m 45s', href: '#event-c' },
    ],
  });

  it('is well-formed SVG named by its escaped title, with a lane per context in order', () => {
    expect(wellFormed(chart)).toBe(true);
    expect(chart).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(chart).toContain('<title id="timeline-title">Timeline of &lt;b&gt;incident&lt;/b&gt;</title>');
    expect([...chart.matchAll(/data-lane="([^"]+)"/g)].map((m) => m[1])).toEqual(['detection', 'coordination', 'review']);
  });

  it('links each mark of a lane to its event, with its title as tooltip; a mark of no lane is left out', () => {
    expect([...chart.matchAll(/<a class="mark" href="([^"]+)"/g)].map((m) => m[1])).toEqual(['#event-a', '#event-b', '#event-c', '#event-d']);
    expect(chart).toContain('<title>IncidentAcknowledged by bob</title>');
    expect(chart).not.toContain('#event-e');
    expect(chart).not.toContain('<script>');
    expect(chart).toContain('Note: &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('places marks by time, and staggers marks too close to click apart', () => {
    const dots = [...chart.matchAll(/<a class="mark"[^>]*>.*?<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const [detected, alert, acknowledged, note] = dots;
    expect(detected[0]).toBeLessThan(acknowledged[0]);
    expect(acknowledged[0]).toBeLessThan(note[0]);
    expect(alert[1]).not.toBe(detected[1]);
  });

  it('draws each phase as a labelled line across the lanes, linked to its event', () => {
    expect([...chart.matchAll(/<a class="phase" href="([^"]+)"[^>]*data-phase="([^"]+)"/g)].map((m) => [m[2], m[1]])).toEqual([
      ['Detected', '#event-a'],
      ['Acknowledged', '#event-c'],
    ]);
  });

  it('draws an empty timeline without failing', () => {
    expect(wellFormed(swimlanes({ id: 'e', title: 'empty', lanes: ['detection'], marks: [] }))).toBe(true);
  });
});

describe('svg: swimlanes with an axis start (what came before it pinned at the start)', () => {
  const circleX = (markup: string, href: string) => Number(new RegExp(`href="${href}"[^>]*>.*?<circle cx="([\\d.]+)"`).exec(markup)![1]);
  const phaseX = (markup: string, label: string) => Number(new RegExp(`data-phase="${label}"><title>[^<]*</title><line x1="([\\d.]+)"`).exec(markup)![1]);
  const chart = swimlanes({
    id: 't',
    title: 'with an earlier change',
    lanes: ['detection', 'coordination'],
    from: T0,
    marks: [
      { lane: 'detection', at: T0 - 2 * 3600_000, title: '07:00 · a change', href: '#event-change' },
      { lane: 'detection', at: T0, title: 'IncidentDetected', href: '#event-a' },
      { lane: 'coordination', at: T0 + 1800_000, title: 'IncidentResolved', href: '#event-z' },
    ],
    phases: [
      { label: 'Detected', at: T0, title: 'Detected' },
      { label: 'Resolved', at: T0 + 1800_000, title: 'Resolved' },
    ],
  });

  it('keeps the time axis on the span from the start to the last mark: an earlier mark does not squeeze it', () => {
    expect(wellFormed(chart)).toBe(true);
    expect(phaseX(chart, 'Resolved') - phaseX(chart, 'Detected')).toBeGreaterThan(600);
    expect(chart).not.toMatch(/>0[0-7]:\d\d</); // no tick before the start (07:00 would be one)
  });

  it('draws an earlier mark pinned left of the start, marked as before, its real time in its tooltip', () => {
    expect(chart).toContain('<a class="mark before" href="#event-change"');
    expect(chart).toContain('<title>07:00 · a change (before the incident: shown at the start of the axis)</title>');
    expect(circleX(chart, '#event-change')).toBeLessThan(phaseX(chart, 'Detected'));
    expect(chart).toMatch(/<text[^>]*class="before-label"[^>]*>before<\/text>/);
  });

  it('without an earlier mark draws no before gutter', () => {
    const plain = swimlanes({ id: 'p', title: 'p', lanes: ['detection'], from: T0, marks: [{ lane: 'detection', at: T0, title: 'a' }] });
    expect(plain).not.toContain('before');
  });
});

describe('svg: line and bar charts', () => {
  it('draws a line per series with a point per known value; a missing value breaks the line', () => {
    const chart = lineChart({
      id: 'trend',
      title: 'MTTA & MTTR',
      categories: ['2026-W10', '2026-W11', '2026-W12'],
      series: [
        { name: 'MTTA', values: [60, null, 120] },
        { name: 'MTTR', values: [600, 900, 300] },
      ],
      format: durationLabel,
      ticks: durationTicks,
    });
    expect(wellFormed(chart)).toBe(true);
    expect(chart).toContain('<title id="trend-title">MTTA &amp; MTTR</title>');
    const paths = [...chart.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]);
    expect(paths[0].match(/M/g)).toHaveLength(2); // broken at the gap
    expect(paths[1].match(/M/g)).toHaveLength(1);
    expect(chart).toContain('<title>MTTR, 2026-W11: 15m</title>');
    expect(chart.match(/<circle/g)).toHaveLength(5);
    expect(chart).toContain('>2026-W12</text>');
  });

  it('says so when there is nothing to draw', () => {
    const chart = lineChart({ id: 'none', title: 'none', categories: [], series: [{ name: 'MTTA', values: [] }] });
    expect(wellFormed(chart)).toBe(true);
    expect(chart).toContain('No data');
  });

  it('draws a bar per series and category on one scale from 0, its value written and in its tooltip', () => {
    const chart = barChart({
      id: 'pages',
      title: 'Pages per person',
      series: ['pages', 'out of hours'],
      groups: [
        { label: 'alice <ops>', values: [10, 4] },
        { label: 'bob', values: [5, 0] },
      ],
    });
    expect(wellFormed(chart)).toBe(true);
    const widths = [...chart.matchAll(/<rect x="150" y="[\d.]+" width="([\d.]+)" height="14"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(4);
    expect(widths[0]).toBeCloseTo(widths[2] * 2, 1);
    expect(widths[3]).toBe(0);
    expect(chart).toContain('<title>alice &lt;ops&gt;, out of hours: 4</title>');
    expect(chart).toContain('>pages</text>'); // the legend, with two series
  });

  it('shortens a long category label, its whole text in the tooltip', () => {
    const label = 'a-service-with-a-very-long-name-indeed';
    const chart = barChart({ id: 'by-service', title: 'By service', series: ['incidents'], groups: [{ label, values: [3] }, { label: 'ab12cd34…', title: 'ab12cd34-0000-4000-8000-000000000000', values: [1] }] });
    expect(chart).toContain('<title>ab12cd34-0000-4000-8000-000000000000</title>');
    expect(chart).toContain('>a-service-with-a-ve…</text>');
    expect(chart).toContain(`<title>${label}</title>`);
  });
});
