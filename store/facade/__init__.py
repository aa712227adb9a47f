"""The Store's use cases by area, each a small class over StoreCore (sessions, today, who
acts) that store.service.Store composes into the one facade the front ends call."""
