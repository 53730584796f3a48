// The widget's CSS, applied inside its shadow root (a constructed stylesheet where supported, so that a host
// page's CSP without 'unsafe-inline' still lets it style itself). `.w` resets what the page would otherwise
// pass down by inheritance; --p and --op are the primary colour and the colour on it.
export const css = `
.w{all:initial;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#111827}
.w *{box-sizing:border-box}
[hidden]{display:none!important}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
button{font:inherit;cursor:pointer}
svg{width:22px;height:22px;fill:currentColor}
:focus-visible{outline:2px solid var(--p);outline-offset:2px}
.launcher,.panel{position:fixed;right:20px;z-index:2147483000}
.launcher{bottom:20px;width:56px;height:56px;border:0;border-radius:50%;background:var(--p);color:var(--op);box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}
.launcher svg{width:28px;height:28px}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#dc2626;color:#fff;font-size:12px;font-weight:700;line-height:20px}
.panel{bottom:88px;width:370px;height:min(600px,calc(100vh - 108px));display:flex;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden}
.head{display:flex;align-items:center;gap:8px;padding:10px 8px 10px 16px;background:var(--p);color:var(--op)}
.head :focus-visible{outline-color:var(--op)}
h2{flex:1;margin:0;font-size:16px;font-weight:600}
.icon{display:flex;align-items:center;justify-content:center;flex:none;width:38px;height:38px;padding:0;border:0;border-radius:8px;background:none;color:inherit}
.banner{padding:6px 12px;background:#fef3c7;color:#92400e;font-size:13px;text-align:center}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f9fafb}
.row{display:flex;flex-direction:column;align-items:flex-start;max-width:80%}
.me{align-self:flex-end;align-items:flex-end}
.bubble{padding:8px 12px;border-radius:14px;background:#e5e7eb;white-space:pre-wrap;overflow-wrap:anywhere}
.me .bubble{background:var(--p);color:var(--op)}
.pic{padding:4px}
.bubble img{display:block;max-width:100%;max-height:240px;border-radius:8px}
.bubble a{color:inherit}
.media{display:flex;flex-direction:column;gap:4px;padding:4px 8px}
.meta{margin-top:2px;font-size:11px;color:#6b7280}
.read{color:var(--p);font-weight:700}
.failed{color:#b91c1c}
.typing{padding:0 14px 6px;background:#f9fafb;font-size:12px;font-style:italic;color:#6b7280}
.error{padding:6px 12px;font-size:13px;color:#b91c1c}
.error:empty{display:none}
form{display:flex;align-items:flex-end;gap:4px;padding:8px;border-top:1px solid #e5e7eb}
form .icon{color:#4b5563}
textarea{flex:1;min-width:0;height:38px;max-height:120px;padding:8px 10px;border:1px solid #d1d5db;border-radius:8px;resize:none;font:inherit;color:inherit;background:#fff}
@media (max-width:480px){.panel{inset:0;width:auto;height:auto;border-radius:0}}
`;
