#pragma once

#include "storage/ObjectManifest.h"
#include "util/Result.h"

#include <QByteArray>

namespace streamsync {

// Where an upload reads an object from: a customer's local file (ObjectFile) or a node's own
// chunk store when it hands the object off to another node (StoredObject). The uploader sends
// the manifest first and reads each chunk only when it is about to send it.
class ObjectSource
{
public:
    virtual ~ObjectSource() = default;

    virtual const ObjectManifest &manifest() const = 0;
    // Chunk `index` of the manifest, checked against its hash.
    virtual Result<QByteArray> chunk(qint64 index) = 0;
};

} // namespace streamsync
