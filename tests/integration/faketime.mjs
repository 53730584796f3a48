// The environment that runs a server `days` later than today, through Debian's libfaketime (every
// clock the server reads but the monotonic one, which its timers use). For retention tests; the
// package (faketime) is installed by scripts/test.
export function daysLater(days) {
  return {
    LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1',
    FAKETIME: `+${days}d`,
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
  };
}
