import { ConfigurationError, loadConfig } from '@linchpin/platform';
import { REVIEW_SERVICE } from './service';
import { readModelsPathOf, reviewSettings } from './review.settings';

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

describe('REVIEW_CHANGES_WINDOW_HOURS (in review’s one settings object)', () => {
  it('defaults to a day and takes 1 to 720 hours', () => {
    expect(loadConfig(REVIEW_SERVICE, {}).settingsOf(reviewSettings)).toEqual({ readModelsPath: undefined, changesWindowHours: 24 });
    expect(loadConfig(REVIEW_SERVICE, { REVIEW_CHANGES_WINDOW_HOURS: '1' }).settingsOf(reviewSettings).changesWindowHours).toBe(1);
    expect(loadConfig(REVIEW_SERVICE, { REVIEW_CHANGES_WINDOW_HOURS: '720', REVIEW_READ_MODELS_PATH: ':memory:' }).settingsOf(reviewSettings)).toEqual({ readModelsPath: ':memory:', changesWindowHours: 720 });
  });

  it('stops the start naming the variable for anything else, rather than quietly using the default', () => {
    for (const bad of ['0', '721', '1.5', 'a day']) {
      expect(() => loadConfig(REVIEW_SERVICE, { REVIEW_CHANGES_WINDOW_HOURS: bad })).toThrow(/REVIEW_CHANGES_WINDOW_HOURS must be an integer from 1 to 720/);
    }
  });

  it('is the one settings object the service lists', () => {
    expect(REVIEW_SERVICE.settings).toEqual([reviewSettings]);
  });
});
