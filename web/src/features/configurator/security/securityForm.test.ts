import { describe, expect, it } from 'vitest';
import { policyRoles, sendsSelfToEnrol, toggleRole } from './securityForm';

describe('the security form', () => {
  it('sends the roles in the form’s order, each once', () => {
    expect(policyRoles(['agent', 'admin', 'agent'])).toEqual(['admin', 'agent']);
    expect(policyRoles([])).toEqual([]);
  });

  it('toggles a role on and off', () => {
    expect(toggleRole(['agent'], 'admin', true)).toEqual(['admin', 'agent']);
    expect(toggleRole(['admin', 'agent'], 'admin', false)).toEqual(['agent']);
    expect(toggleRole(['agent'], 'agent', true)).toEqual(['agent']);
  });

  it('warns an admin without a second factor who requires one of admins', () => {
    expect(sendsSelfToEnrol(['admin'], 'admin', false)).toBe(true);
    expect(sendsSelfToEnrol(['admin'], 'admin', true)).toBe(false);
    expect(sendsSelfToEnrol(['agent'], 'admin', false)).toBe(false);
  });
});
