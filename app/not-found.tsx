import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-xl flex-col justify-center gap-4 px-4">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p>This page or record does not exist, or it is not on one of your units.</p>
      <p>
        <Link href="/" className="font-semibold text-blue-900 underline">
          Back to your start page
        </Link>
      </p>
    </main>
  );
}
