import { useState } from 'react';
import { testChannel, type ChannelTestResult } from '../../../api/routing';
import { ActionError } from '../common/ActionStatus';
import { useAction } from '../common/useAction';

interface ChannelTestProps {
  channelId: string;
  title: string;
  /** What the test does, under the title. */
  hint: string;
  buttonLabel: string;
  /** Shown while the test runs. */
  progress: string;
  /** The result in words. */
  describe: (result: ChannelTestResult) => string;
}

/** POST /channels/{id}/test and its result, green or red, in a polite live region. */
export function ChannelTest({ channelId, title, hint, buttonLabel, progress, describe }: ChannelTestProps) {
  const [result, setResult] = useState<ChannelTestResult | null>(null);
  const test = useAction();

  async function run() {
    setResult(null);
    const answer = await test.run(progress, () => testChannel(channelId), describe);
    if (answer) {
      setResult(answer);
    }
  }

  const resultClass =
    test.pending || !result ? 'config-status' : result.ok ? 'cfg-test-result cfg-test-ok' : 'cfg-test-result cfg-test-failed';
  return (
    <div className="cfg-channel-test">
      <h4>{title}</h4>
      <p className="field-hint">{hint}</p>
      <div className="form-actions">
        <button className="button" type="button" onClick={() => void run()} disabled={test.pending !== null}>
          {buttonLabel}
        </button>
        <span role="status" className={resultClass}>
          {test.pending ?? (result ? describe(result) : '')}
        </span>
      </div>
      <ActionError action={test} />
    </div>
  );
}
