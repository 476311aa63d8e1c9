// StorageTuning's ranges (gridledger/storage_tuning.h).
#include "gridledger/storage_tuning.h"

#include <string>

namespace gridledger {

Status StorageTuning::Validate() const {
  auto out_of_range = [](const char* field, const std::string& range) {
    return Status::InvalidArgument(std::string("LogOptions.storage.") + field + " must be " +
                                   range);
  };
  if (log_write_buffer_bytes < (1u << 20))
    return out_of_range("log_write_buffer_bytes", "at least 1 MiB");
  if (max_write_buffers < 2 || max_write_buffers > 16)
    return out_of_range("max_write_buffers", "between 2 and 16");
  if (background_jobs < 1 || background_jobs > 16)
    return out_of_range("background_jobs", "between 1 and 16");
  return Status::Ok();
}

}  // namespace gridledger
