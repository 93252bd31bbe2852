/**
 * The step stack behind a multi-step quick input (as in vscode-extension-samples quickinput-sample multiStepInput):
 * each step asks one thing, keeps the answer in the flow's own state and returns the next step. Back re-runs the
 * previous step (which finds its earlier answer in the state); cancel ends the flow. Pure (no `vscode`), so the
 * stack rules are unit-tested; client/ui/multi-step.ts puts quick picks and input boxes on top.
 */

/** Thrown by a step's prompt: the user pressed Back, or closed the input. */
export class FlowSignal extends Error {
  private constructor(readonly kind: 'back' | 'cancel') {
    super(kind);
    this.name = 'FlowSignal';
  }
  static readonly back = new FlowSignal('back');
  static readonly cancel = new FlowSignal('cancel');
}

/** A step that asks something; resolves to the next step, or undefined when the flow is complete. */
export type Step = () => Promise<Step | undefined>;

/**
 * Runs `start` and the steps it leads to. `onStep(n)` is told the 1-based number of the step about to run (its depth
 * in the stack), so prompts can show "n/total". True when the flow completed, false when it was cancelled (or Back
 * was pressed on the first step).
 */
export async function runSteps(start: Step, onStep: (step: number) => void = () => undefined): Promise<boolean> {
  const stack: Step[] = [];
  let step: Step | undefined = start;
  while (step) {
    stack.push(step);
    onStep(stack.length);
    try {
      step = await step();
    } catch (err) {
      if (err === FlowSignal.cancel) return false;
      if (err !== FlowSignal.back) throw err;
      stack.pop();
      step = stack.pop();
      if (!step) return false;
    }
  }
  return true;
}
