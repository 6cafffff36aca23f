import { decodeEvent, encodeEvent } from './cloudevents-codec';
import { bytes, expectedHeaderBytes, goldenRecord, headerBytes } from './spec/golden-record';

/**
 * Pins the Kafka record of one fixed event byte for byte (spec/golden/incident-detected.record.json):
 * key, value, and every header's name, value and order. Whatever builds the CloudEvents binding
 * must keep these bytes, since consumers outside Linchpin read them.
 */
describe('CloudEvents Kafka record, golden', () => {
  const golden = goldenRecord();

  it('the fixture is self-consistent: value text and value bytes are the same record', () => {
    expect(Buffer.from(golden.record.value, 'utf8')).toEqual(Buffer.from(golden.record.valueBase64, 'base64'));
  });

  it('encodes the fixed event to exactly the golden key, value bytes and headers', () => {
    // As KafkaBus.publish builds a record: the message key next to the encoded event.
    const record = { key: golden.key, ...encodeEvent(golden.event, golden.source) };
    expect(bytes(record.key)).toEqual(Buffer.from(golden.record.key, 'utf8'));
    expect(bytes(record.value)).toEqual(Buffer.from(golden.record.valueBase64, 'base64'));
    expect(headerBytes(record.headers)).toEqual(expectedHeaderBytes(golden));
  });

  it('decodes the golden record, as Kafka hands it back (Buffers), to the fixed event', () => {
    const headers = Object.fromEntries(golden.record.headers.map(([name, value]) => [name, Buffer.from(value, 'utf8')]));
    expect(decodeEvent(Buffer.from(golden.record.valueBase64, 'base64'), headers)).toEqual(golden.event);
  });
});
