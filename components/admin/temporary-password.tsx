/** The one-time password, shown once to the administrator who created or reset the account. */
export function TemporaryPassword({ name, email, password }: { name: string; email: string; password: string }) {
  return (
    <div role="status" className="rounded-md border-l-4 border-green-700 bg-green-50 px-4 py-3 text-green-950">
      <p className="font-semibold">
        Temporary password for {name} ({email}):
      </p>
      <p className="my-2">
        <code data-testid="temporary-password" className="select-all rounded bg-white px-2 py-1 font-mono text-lg tracking-wide">
          {password}
        </code>
      </p>
      <p className="text-sm">
        Shown this once only: give it to {name} in person. They must choose their own password when they first sign in with it.
      </p>
    </div>
  );
}
