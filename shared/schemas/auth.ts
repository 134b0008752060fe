import { z } from 'zod';
import { Limits } from '../limits';
import type { Role } from '../roles';

export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(Limits.email.max)
  .pipe(z.email());
export const passwordField = z.string().min(Limits.password.min).max(Limits.password.max);
const nameField = z.string().trim().min(Limits.personName.min).max(Limits.personName.max);

export const signupBody = z.strictObject({
  email: emailField,
  password: passwordField,
  name: nameField,
  /** First run only: the school and team the first person creates. */
  school: z.string().trim().min(Limits.schoolName.min).max(Limits.schoolName.max).optional(),
  team: z.string().trim().min(Limits.teamName.min).max(Limits.teamName.max).optional(),
  /** Required when sign-up is restricted to invited people. */
  inviteToken: z.string().max(200).optional(),
});
export type SignupBody = z.infer<typeof signupBody>;

export const loginBody = z.strictObject({
  email: emailField,
  password: z.string().min(1).max(Limits.password.max),
});

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface MyTeam {
  id: string;
  name: string;
  schoolName: string;
  role: Role;
}

export interface Me {
  user: User;
  teams: MyTeam[];
}

export interface SetupStatus {
  /** True until the first person has signed up. */
  firstRun: boolean;
  signup: 'open' | 'invite' | 'domains';
  /** Sign-in through an identity provider, named on the button ("Logg inn med Feide"). */
  oidc: { name: string } | null;
}
