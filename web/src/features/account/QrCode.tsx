import { useEffect, useState } from 'react';
import { encodeQr, type QrSymbol } from './qrCode';

/** Modules of white around the symbol, as the QR standard asks for. */
const QUIET_ZONE = 4;
/** Screen pixels per module: a whole number keeps every module the same size, crisp for the phone's camera. */
const MODULE_PX = 4;

interface QrCodeProps {
  /** What the code holds (an otpauth:// URI). */
  text: string;
  /** The image's accessible name. */
  label: string;
  /** The id of the text alternative (the setup key), for aria-describedby. */
  describedBy?: string;
}

/**
 * `text` as a QR code, drawn as an inline SVG (one path, no script or style: the CSP stays strict). The encoder is
 * fetched on first use; until it arrives the square is kept free so the page does not jump.
 */
export function QrCode({ text, label, describedBy }: QrCodeProps) {
  const [symbol, setSymbol] = useState<QrSymbol | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setSymbol(null);
    setFailed(false);
    encodeQr(text).then(
      (encoded) => !cancelled && setSymbol(encoded),
      () => !cancelled && setFailed(true),
    );
    return () => {
      cancelled = true;
    };
  }, [text]);

  if (failed) {
    return <p className="tfa-qr tfa-qr-missing">The QR code could not be drawn. Enter the setup key instead.</p>;
  }
  if (!symbol) {
    return (
      <p className="tfa-qr tfa-qr-missing muted" role="status">
        Drawing the QR code…
      </p>
    );
  }
  const side = symbol.size + 2 * QUIET_ZONE;
  return (
    <svg
      className="tfa-qr"
      role="img"
      aria-label={label}
      aria-describedby={describedBy}
      width={side * MODULE_PX}
      height={side * MODULE_PX}
      viewBox={`${-QUIET_ZONE} ${-QUIET_ZONE} ${side} ${side}`}
      shapeRendering="crispEdges"
      focusable="false"
    >
      <rect x={-QUIET_ZONE} y={-QUIET_ZONE} width={side} height={side} fill="#fff" />
      <path d={symbol.path} fill="#000" />
    </svg>
  );
}
