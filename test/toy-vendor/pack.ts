import { join } from 'node:path';
import { MockError, type Problem } from '../../src/core/errors';
import type { Envelope, VendorPack } from '../../src/core/respond/pack';
import { replacedAt } from '../../src/core/state/records';

interface Widget {
  widget_id: string;
  name: string;
}

export interface ToyState {
  widgets: Widget[];
  keys: Array<{ key: string }>;
}

/** Every failure as `{"oops": ...}`, with the status the toy gives each kind. */
const envelope: Envelope = {
  fromProblem(problem: Problem): MockError {
    switch (problem.kind) {
      case 'no-route':
        return new MockError(404, undefined, 'no such thing');
      case 'no-method':
        return new MockError(405, undefined, 'not like that');
      case 'invalid':
        return problem.issues.some((i) => i.in === 'path') ? new MockError(404, undefined, 'no such widget') : new MockError(400, undefined, 'bad rename');
      case 'internal':
        return new MockError(500, undefined, 'broken');
      default:
        return new MockError(400, undefined, 'detail' in problem ? problem.detail : 'bad request');
    }
  },
  render: (error) => ({ body: { oops: error.message } }),
};

function find(state: ToyState, id: string): number {
  const index = state.widgets.findIndex((w) => w.widget_id === id);
  if (index < 0) throw new MockError(404, undefined, 'no such widget');
  return index;
}

/** A vendor pack kept entirely in this folder: its document, fixtures and code. */
export function toyPack(): VendorPack<ToyState> {
  return {
    name: 'toy',
    specFile: join(__dirname, 'toy.openapi.yaml'),
    fixturesDir: join(__dirname, 'fixtures'),
    owns: (path) => path.startsWith('/toy/'),
    controlled: true,
    unknownQuery: 'ignore',
    fixtures: {
      widgets: { file: 'widgets.yaml', schema: 'Widget', key: 'widget_id' },
      keys: { file: 'keys.yaml', schema: 'ToyKey', key: 'key', secretKey: true },
    },
    envelope,
    authenticate: (call) => {
      if (!call.state.keys.some((k) => k.key === call.headers['x-toy-key'])) throw new MockError(401, undefined, 'who are you');
      return undefined;
    },
    handlers: {
      getWidget: {
        writes: false,
        handle: (call) => ({ status: 200, body: call.state.widgets[find(call.state, call.params.widget_id)] }),
      },
      renameWidget: {
        writes: true,
        handle: async (call) => {
          const index = find(call.state, call.params.widget_id);
          const next = { ...call.state.widgets[index], name: (call.body as { name: string }).name };
          await call.commit({ widgets: replacedAt(call.state.widgets, index, next) });
          return { status: 200, body: next };
        },
      },
    },
  };
}
