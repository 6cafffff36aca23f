import { timelineMarkdown } from './timeline-export';

describe('the timeline as Markdown (pure)', () => {
  const entry = (summary: string) => ({
    at: '2026-11-30T10:00:00.000Z',
    recordedAt: '2026-11-30T10:00:00.000Z',
    occurredAt: '2026-11-30T10:00:00.000Z',
    context: 'review',
    type: 'TimelineNoteAdded',
    actor: 'person:alice',
    summary,
    eventId: '0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
  });

  it('neutralises raw HTML in people’s text as postmortem.md does, and keeps each entry one table row', () => {
    const md = timelineMarkdown({ incidentId: 'i', entries: [entry('Note: <script>alert("x")</script> & a | b\nnext')] });
    expect(md).not.toContain('<script>');
    expect(md).toContain('Note: &lt;script&gt;alert("x")&lt;/script&gt; &amp; a \\| b<br>next');
  });
});
