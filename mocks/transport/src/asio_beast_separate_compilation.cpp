// Compiles Asio, Asio SSL and Beast once for the whole project (separate compilation). Every other
// file that includes them sees BOOST_ASIO_SEPARATE_COMPILATION / BOOST_BEAST_SEPARATE_COMPILATION
// (PUBLIC definitions of drdrill::transport) and so only declares what is defined here.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
