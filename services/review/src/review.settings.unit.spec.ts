import { ConfigurationError, loadConfig } from '@linchpin/platform';
import { REVIEW_SERVICE } from './service';
import { readModelsPathOf } from './review.settings';

describe('REVIEW_READ_MODELS_PATH', () => {
  it('defaults to the data folder, whatever the event store', () => {
    expect(readModelsPathOf(loadConfig(REVIEW_SERVICE, {}))).toBe('data/review-read-models.sqlite');
    expect(readModelsPathOf(loadConfig(REVIEW_SERVICE, { LINCHPIN_DATA_DIR: '/var/lib/linchpin', EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' }))).toBe('/var/lib/linchpin/review-read-models.sqlite');
    expect(readModelsPathOf(loadConfig(REVIEW_SERVICE, { REVIEW_READ_MODELS_PATH: ':memory:' }))).toBe(':memory:');
  });

  it('is validated with the platform’s settings: a folder stops the start naming the variable', () => {
    expect(() => loadConfig(REVIEW_SERVICE, { REVIEW_READ_MODELS_PATH: '/var/lib/linchpin/' })).toThrow(ConfigurationError);
    expect(() => loadConfig(REVIEW_SERVICE, { REVIEW_READ_MODELS_PATH: '/var/lib/linchpin/' })).toThrow(/REVIEW_READ_MODELS_PATH must be a file path, not a folder/);
  });
});
