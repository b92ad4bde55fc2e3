package io.devicejobs.fuzz;

/** One request of the fuzz: the operation it aims at, what is wrong with it, and the request. */
record FuzzCase(ContractOperation operation, String label, FuzzRequest request) {
  @Override
  public String toString() {
    return operation.id() + " / " + label + ": " + request.describe();
  }
}
