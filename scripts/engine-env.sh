# Sourced by the launcher, CI and benchmarks: the fastest robust allocator for the PyTorch CPU engine.
# tcmalloc (Debian libtcmalloc-minimal4) when installed; otherwise glibc's hugetlb tunable, which got most
# of the way in ENGINE measurements. Set OMNIIML_ALLOCATOR=glibc to measure without either.
if [ "${OMNIIML_ALLOCATOR:-auto}" != "glibc" ]; then
  for lib in /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 /usr/lib/x86_64-linux-gnu/libtcmalloc.so.4; do
    if [ -f "$lib" ]; then
      case ":${LD_PRELOAD:-}:" in *":$lib:"*) ;; *) export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}";; esac
      break
    fi
  done
  if [ -z "${LD_PRELOAD:-}" ]; then export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}"; fi
fi
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
