import { z } from "zod";

export const SignInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your e-mail address.").max(254, "That e-mail address is too long.").email("Enter a valid e-mail address."),
  password: z.string().min(1, "Enter your password.").max(256, "That password is too long."),
});
export type SignIn = z.infer<typeof SignInSchema>;
