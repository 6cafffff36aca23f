import { reachesPagedResponders, reachesSubscriptions } from './update-audience';
import { UPDATE_AUDIENCES } from './status-update.decider';

describe('who sees an update of each audience', () => {
  it('responders: the people paged for the incident, no subscription; internal and public: subscriptions, not the paged responders', () => {
    expect(UPDATE_AUDIENCES.map((audience) => [audience, reachesPagedResponders(audience), reachesSubscriptions(audience)])).toEqual([
      ['responders', true, false],
      ['internal', false, true],
      ['public', false, true],
    ]);
  });
});
