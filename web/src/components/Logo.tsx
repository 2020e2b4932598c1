export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" style={{ flex: 'none' }}>
      <rect width="32" height="32" rx="6" fill="#c0392b" />
      <path d="M7 23V13l9-6 9 6v10h-6v-6h-6v6z" fill="#fff" />
      <path d="M6 26L26 6" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
