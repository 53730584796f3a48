import type { ChannelStatus } from '../../../api/routing';
import { formatDateTime } from '../../../format';
import { channelStateAdvice } from './channelForms';
import { channelStateText, channelStateTone, channelStatusDetail } from './channelText';

/**
 * The connection's state in words and colour, the server's detail and since when; a polite live region, so a
 * change pushed by the server (a refused bind, a reconnect) is announced.
 */
export function ChannelStatusView({ status, type }: { status: ChannelStatus; type: string }) {
  const detail = channelStatusDetail(status, formatDateTime);
  const advice = channelStateAdvice(status.state, type);
  return (
    <div className={`cfg-channel-status cfg-status-${channelStateTone(status.state)}`} role="status">
      <p>
        <span className="cfg-status-label">Status:</span> <strong className="cfg-status-state">{channelStateText(status.state)}</strong>
        {detail && <span className="cfg-status-detail"> {detail}</span>}
      </p>
      {advice && <p className="field-hint">{advice}</p>}
    </div>
  );
}
