import assert from 'node:assert/strict';
import { FlowSignal, runSteps, type Step } from '../../../../client/ui/flow';

/** A scripted user: each prompt takes the next answer; 'back' and 'cancel' press those. */
function scripted(answers: Array<string | 'back' | 'cancel'>) {
  const asked: string[] = [];
  const prompt = async (name: string, steps: number[], step: { n: number }): Promise<string> => {
    steps.push(step.n);
    asked.push(name);
    const a = answers.shift();
    if (a === undefined) throw new Error(`no answer left for ${name}`);
    if (a === 'back') throw FlowSignal.back;
    if (a === 'cancel') throw FlowSignal.cancel;
    return a;
  };
  return { asked, prompt };
}

describe('client/ui/flow: multi-step stack', () => {
  /** vehicle → command → (param only for set_charge_limit) */
  function flow(answers: Array<string | 'back' | 'cancel'>) {
    const user = scripted(answers);
    const state: Record<string, string> = {};
    const steps: number[] = [];
    const at = { n: 0 };
    const param: Step = async () => {
      state.percent = await user.prompt('percent', steps, at);
      return undefined;
    };
    const command: Step = async () => {
      state.command = await user.prompt('command', steps, at);
      if (state.command !== 'set_charge_limit') delete state.percent;
      return state.command === 'set_charge_limit' ? param : undefined;
    };
    const vehicle: Step = async () => {
      state.vehicle = await user.prompt('vehicle', steps, at);
      return command;
    };
    return { run: () => runSteps(vehicle, (n) => (at.n = n)), state, asked: user.asked, steps };
  }

  it('runs each step in order and numbers them', async () => {
    const f = flow(['Commuter', 'set_charge_limit', '80']);
    assert.equal(await f.run(), true);
    assert.deepEqual(f.state, { vehicle: 'Commuter', command: 'set_charge_limit', percent: '80' });
    assert.deepEqual(f.steps, [1, 2, 3]);
  });

  it('Back re-runs the previous step with the same number; a changed answer changes the path', async () => {
    const f = flow(['Commuter', 'set_charge_limit', 'back', 'door_lock']);
    assert.equal(await f.run(), true);
    assert.deepEqual(f.asked, ['vehicle', 'command', 'percent', 'command']);
    assert.deepEqual(f.steps, [1, 2, 3, 2]);
    assert.deepEqual(f.state, { vehicle: 'Commuter', command: 'door_lock' });
  });

  it('Back twice reaches the first step again', async () => {
    const f = flow(['Commuter', 'set_charge_limit', 'back', 'back', 'Family Y', 'door_lock']);
    assert.equal(await f.run(), true);
    assert.deepEqual(f.steps, [1, 2, 3, 2, 1, 2]);
    assert.equal(f.state.vehicle, 'Family Y');
  });

  it('cancel anywhere ends the flow as not completed; Back on the first step too', async () => {
    assert.equal(await flow(['Commuter', 'cancel']).run(), false);
    assert.equal(await flow(['back']).run(), false);
  });

  it('any other error propagates', async () => {
    await assert.rejects(
      runSteps(async () => {
        throw new Error('boom');
      }),
      /boom/,
    );
  });
});
