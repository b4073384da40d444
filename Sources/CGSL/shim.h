// The one place where vidsim crosses into GNU GSL.
#ifndef VIDSIM_CGSL_SHIM_H
#define VIDSIM_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_multifit.h>

// gsl_rng_mt19937 is a mutable global variable (GSL_VAR const gsl_rng_type *), which Swift 6 refuses to read
// as shared mutable state; a function returning it is safe to call from any thread.
static inline const gsl_rng_type *CGSL_rng_mt19937(void) { return gsl_rng_mt19937; }

// GSL's default error handler calls abort(); vidsim turns it off once and checks return codes instead.
// Wrapped so the previous handler (a function pointer type Swift imports awkwardly) need not cross the edge.
static inline void CGSL_disable_abort_on_error(void) { (void)gsl_set_error_handler_off(); }

#endif
