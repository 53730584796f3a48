import { describe, expect, it } from 'vitest';
import { homePathFor, sectionOf, sectionsFor, subPath } from './sections';

describe('the shell’s sections', () => {
  it('show Privacy to admins and DPOs only', () => {
    expect(sectionsFor('admin').map((section) => section.label)).toContain('Privacy');
    expect(sectionsFor('dpo').map((section) => section.label)).toEqual(['Privacy']);
    expect(sectionsFor('supervisor').map((section) => section.label)).not.toContain('Privacy');
    expect(sectionsFor('agent').map((section) => section.label)).not.toContain('Privacy');
  });

  it('open Privacy for a DPO, the Dashboard for everyone else', () => {
    expect(homePathFor('dpo')).toBe('/privacy');
    for (const role of ['admin', 'supervisor', 'agent'] as const) {
      expect(homePathFor(role)).toBe('/workspace');
      expect(sectionsFor(role).map((section) => section.path)).toContain(homePathFor(role));
    }
  });

  it('show All conversations to admins and supervisors, not to agents or DPOs', () => {
    for (const role of ['admin', 'supervisor'] as const) {
      expect(sectionsFor(role).map((section) => section.path)).toContain('/all-conversations');
    }
    for (const role of ['agent', 'dpo'] as const) {
      expect(sectionsFor(role).map((section) => section.path)).not.toContain('/all-conversations');
    }
  });

  it('keep an agent’s Conversations apart from All conversations', () => {
    expect(sectionOf('/all-conversations/cnv_1')?.path).toBe('/all-conversations');
    expect(sectionOf('/conversations/cnv_1')?.path).toBe('/conversations');
  });

  it('show Reports to admins and supervisors, not to agents or DPOs', () => {
    for (const role of ['admin', 'supervisor'] as const) {
      expect(sectionsFor(role).map((section) => section.path)).toContain('/reports');
    }
    for (const role of ['agent', 'dpo'] as const) {
      expect(sectionsFor(role).map((section) => section.path)).not.toContain('/reports');
    }
  });

  it('map the privacy settings path to the Privacy section', () => {
    const section = sectionOf('/privacy/settings');
    expect(section?.path).toBe('/privacy');
    expect(section && subPath('/privacy/settings', section)).toBe('settings');
    expect(sectionOf('/privacyx')).toBeUndefined();
  });
});
