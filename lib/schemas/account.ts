import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/config/password-policy";

// Changing one's own password (lib/actions/change-password.ts). The length is checked here too, so the form says it
// at once; the common-password list, the user's name and e-mail and "not the current one" are checked by the action.
export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(256, "That password is too long."),
    newPassword: z
      .string()
      .refine((s) => [...s].length >= PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a long password that is easy to remember.`)
      .refine((s) => [...s].length <= PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
    confirmPassword: z.string().min(1, "Type the new password again."),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The two new passwords differ." });
export type ChangePassword = z.infer<typeof ChangePasswordSchema>;

/** The answer to a wrong current password (counted toward the account's lock). */
export const WRONG_CURRENT_PASSWORD = "Your current password is not correct: the password was not changed.";
