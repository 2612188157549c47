// First import of the fuzz worker: the allocation tracker must wrap the global constructors
// before fflate and the readers load (fflate keeps references to them from load time).
import { installAllocationTracker } from './alloc';

installAllocationTracker();
